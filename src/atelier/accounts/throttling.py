from django.http import HttpResponse


def lockout_response(request, *args, **kwargs):
    return HttpResponse(
        "Too many failed sign-in attempts. Please wait 15 minutes and try again.", status=429
    )
