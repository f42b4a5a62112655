"""Quality pages under /backoffice/quality/ (names in the "backoffice" namespace)."""

from django.urls import path

from atelier.backoffice import quality_views as views

urlpatterns = [
    path("", views.queue, name="quality_queue"),
    path("inspections/<str:number>/", views.inspection_detail, name="quality_inspection"),
    path("inspections/<str:number>/start/", views.inspection_start, name="quality_start"),
    path("inspections/<str:number>/results/", views.inspection_results, name="quality_results"),
    path("inspections/<str:number>/defects/", views.inspection_defect, name="quality_defect"),
    path(
        "inspections/<str:number>/defects/<int:defect_id>/remove/",
        views.inspection_defect_remove,
        name="quality_defect_remove",
    ),
    path("inspections/<str:number>/photos/", views.inspection_photo, name="quality_photo_add"),
    path("inspections/<str:number>/finish/", views.inspection_finish, name="quality_finish"),
    path("photos/<int:photo_id>/", views.photo_file, name="quality_photo"),
    path("checklists/", views.checklist_list, name="quality_checklists"),
    path("checklists/<int:pk>/", views.checklist_detail, name="quality_checklist"),
    path(
        "checklists/<int:pk>/items/<int:item_id>/",
        views.checklist_item_edit,
        name="quality_checklist_item",
    ),
    path(
        "checklists/<int:pk>/items/<int:item_id>/remove/",
        views.checklist_item_remove,
        name="quality_checklist_item_remove",
    ),
]
