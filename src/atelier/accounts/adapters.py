from allauth.account.adapter import DefaultAccountAdapter


class CustomerAccountAdapter(DefaultAccountAdapter):
    """Customer sign-up through allauth; staff and workshop accounts are never self-made."""
