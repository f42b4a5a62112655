"""ASGI entry point (uvicorn): HTTP through Django, websockets through Channels."""

import os

from channels.routing import ProtocolTypeRouter, URLRouter
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atelier.config.settings")
django_asgi_app = get_asgi_application()

websocket_urlpatterns: list = []  # contexts add their consumers here (showcase, live queues)

application = ProtocolTypeRouter(
    {"http": django_asgi_app, "websocket": URLRouter(websocket_urlpatterns)}
)
