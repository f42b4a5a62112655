from django.urls import path

from atelier.portal import views

app_name = "portal"
N = "purchase-orders/<str:number>/"
urlpatterns = [
    path("", views.po_list, name="po_list"),
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_code_view, name="login_code"),
    path("logout/", views.logout_view, name="logout"),
    path("invitation/<str:token>/", views.invitation_view, name="invitation"),
    path("profile/", views.profile, name="profile"),
    path("profile/contacts/", views.contact_add, name="contact_add"),
    path("profile/contacts/<int:contact_id>/remove/", views.contact_remove, name="contact_remove"),
    path("profile/tokens/", views.token_create, name="token_create"),
    path("profile/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path(N, views.po_detail, name="po_detail"),
    path(N + "act/<slug:action>/", views.po_action, name="po_action"),
    path(N + "messages/", views.message_post, name="message_post"),
    path(N + "files/", views.file_add, name="file_add"),
    path(N + "files/<int:file_id>/", views.file_download, name="file_download"),
    path(
        N + "revisions/<str:change_ref>/<slug:decision>/",
        views.revision_decide,
        name="revision_decide",
    ),
    path(N + "labels.pdf", views.labels_pdf, name="labels_pdf"),
    path(N + "labels/", views.labels_print, name="labels_print"),
    path(N + "items/<str:code>/rework-done/", views.rework_done, name="rework_done"),
    path(N + "items/<str:code>/photos/<int:photo_id>/", views.quality_photo, name="quality_photo"),
    path(N + "photos/<int:photo_id>/", views.completion_photo, name="completion_photo"),
]
