"""Production pages under /backoffice/production/ (names in the "backoffice" namespace).
The public scan page `/i/<code>` is mounted in config/urls.py."""

from django.urls import path, re_path

from atelier.backoffice import production_views as views

urlpatterns = [
    path("", views.production_queue, name="production_queue"),
    path("requirements/", views.production_requirements, name="production_requirements"),
    path("po/<str:number>/", views.production_po, name="production_po"),
    path("po/<str:number>/labels.pdf", views.production_po_labels, name="production_po_labels"),
    re_path(
        r"^po/(?P<number>[-\w]+)/(?P<action>accept|decline|start|complete|reassign)/$",
        views.production_po_action,
        name="production_po_action",
    ),
    path("items/<str:code>/label.pdf", views.production_item_label, name="production_item_label"),
    path(
        "items/<str:code>/rework-done/",
        views.production_item_rework_done,
        name="production_item_rework_done",
    ),
]
