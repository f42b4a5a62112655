"""Delivery pages under /backoffice/shipping/ (names in the "backoffice" namespace)."""

from django.urls import path, re_path

from atelier.backoffice import shipping_views as views

urlpatterns = [
    path("", views.shipment_list, name="shipment_list"),
    path("orders/<str:order_ref>/prepare/", views.shipment_prepare, name="shipment_prepare"),
    path("<str:number>/", views.shipment_detail, name="shipment_detail"),
    path("<str:number>/address/", views.shipment_confirm_address, name="shipment_address"),
    path("<str:number>/adjust/", views.shipment_adjust, name="shipment_adjust"),
    path("<str:number>/rate/", views.shipment_choose_rate, name="shipment_rate"),
    path("<str:number>/slot/", views.shipment_slot, name="shipment_slot"),
    path("<str:number>/confirm/", views.shipment_confirm, name="shipment_confirm"),
    path("<str:number>/book/", views.shipment_book, name="shipment_book"),
    path("<str:number>/cancel/", views.shipment_cancel, name="shipment_cancel"),
    path("<str:number>/mark/", views.shipment_mark, name="shipment_mark"),
    path("<str:number>/track/", views.shipment_track, name="shipment_track"),
    re_path(
        r"^(?P<number>[-\w]+)/(?P<kind>label|customs-invoice)\.pdf$",
        views.shipment_document,
        name="shipment_document",
    ),
]
