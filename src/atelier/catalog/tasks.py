from celery import shared_task

from atelier.catalog.images import generate_thumbnails
from atelier.catalog.models import MediaImage


@shared_task(name="atelier.catalog.tasks.generate_image_thumbnails", ignore_result=True)
def generate_image_thumbnails(image_id: int) -> int:
    image = MediaImage.objects.filter(pk=image_id).first()
    if image is None:
        return 0
    return len(generate_thumbnails(image))
