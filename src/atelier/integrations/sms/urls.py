"""Twilio's webhooks, mounted at /api/v1/sms/ by config/urls.py (before the API's 404)."""

from django.urls import path

from atelier.integrations.sms import views

app_name = "sms"
urlpatterns = [
    path("twilio/status", views.twilio_status, name="twilio-status"),
    path("twilio/inbound", views.twilio_inbound, name="twilio-inbound"),
]
