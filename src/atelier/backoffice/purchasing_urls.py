"""Purchasing pages under /backoffice/purchasing/ (names in the "backoffice" namespace)."""

from django.urls import path, re_path

from atelier.backoffice import purchasing_views as views

urlpatterns = [
    path("", views.po_list, name="purchasing_list"),
    path("new/", views.po_new, name="purchasing_new"),
    path("proposals/", views.po_from_proposals, name="purchasing_proposals"),
    path("<str:number>/", views.po_detail, name="purchasing_detail"),
    path("<str:number>/edit/", views.po_update, name="purchasing_update"),
    path("<str:number>/messages/", views.po_message, name="purchasing_message"),
    path("<str:number>/files/", views.po_file_add, name="purchasing_file_add"),
    path("<str:number>/files/<int:file_id>/", views.po_file, name="purchasing_file"),
    path("<str:number>/reassign/", views.po_reassign, name="purchasing_reassign"),
    re_path(
        r"^(?P<number>[-\w]+)/(?P<action>release|cancel)/$",
        views.po_action,
        name="purchasing_action",
    ),
]
