from django.utils.functional import SimpleLazyObject

from atelier.accounts.actors import actor_for


class ActorMiddleware:
    """Attach `request.actor`, built lazily from the signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: actor_for(request.user))
        return self.get_response(request)


class StaffTwoFactorMiddleware:
    """Placeholder: enforced TOTP for admin roles is added with the back-office login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)
