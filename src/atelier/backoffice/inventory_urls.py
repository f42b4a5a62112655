"""Stock pages under /backoffice/stock/ (names in the "backoffice" namespace)."""

from django.urls import path, re_path

from atelier.backoffice import inventory_views as views

urlpatterns = [
    path("", views.stock_levels, name="stock_levels"),
    path("moves/", views.stock_moves, name="stock_moves"),
    path("adjust/", views.stock_adjust, name="stock_adjust"),
    path("locations/", views.location_list, name="stock_locations"),
    path("locations/<slug:code>/online/", views.location_online, name="stock_location_online"),
    path("transfers/", views.transfer_list, name="stock_transfers"),
    path("transfers/new/", views.transfer_new, name="stock_transfer_new"),
    path("transfers/<str:number>/", views.transfer_detail, name="stock_transfer"),
    re_path(
        r"^transfers/(?P<number>[-\w]+)/(?P<action>ship|receive|cancel)/$",
        views.transfer_action,
        name="stock_transfer_action",
    ),
    path("counts/", views.count_list, name="stock_counts"),
    path("counts/new/", views.count_new, name="stock_count_new"),
    path("counts/<str:number>/", views.count_detail, name="stock_count"),
    path("counts/<str:number>/record/", views.count_record, name="stock_count_record"),
    path("counts/<str:number>/add/", views.count_add, name="stock_count_add"),
    re_path(
        r"^counts/(?P<number>[-\w]+)/(?P<action>submit|approve|reopen|cancel)/$",
        views.count_action,
        name="stock_count_action",
    ),
    path("replenishment/", views.proposal_list, name="stock_proposals"),
    path("replenishment/run/", views.replenishment_run, name="stock_replenishment_run"),
    re_path(
        r"^replenishment/(?P<action>approve|reject|convert)/$",
        views.proposal_action,
        name="stock_proposal_action",
    ),
    path("exceptions/", views.exceptions_page, name="stock_exceptions"),
    path("labels/variant/<int:variant_id>/", views.variant_label, name="stock_variant_label"),
    path("labels/location/<slug:code>/", views.location_label, name="stock_location_label"),
]
