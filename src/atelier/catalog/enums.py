from django.db import models


class Channel(models.TextChoices):
    ONLINE = "online", "Online store"
    BOUTIQUES = "boutiques", "Boutiques"


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    PRIVATE = "private", "Private (granted customers and groups only)"


class CollectionKind(models.TextChoices):
    MANUAL = "manual", "Hand-picked"
    RULE = "rule", "Rule-based"


class Axis(models.TextChoices):
    WIDTH = "width", "Width"
    DEPTH = "depth", "Depth"
    HEIGHT = "height", "Height"


class OptionKind(models.TextChoices):
    FABRIC = "fabric", "Fabric"
    FINISH = "finish", "Finish"
    OTHER = "other", "Other"


class ProductionFileKind(models.TextChoices):
    CAD = "cad", "CAD drawing"
    RENDER = "render", "Render"
    ASSEMBLY = "assembly", "Assembly instructions"
    OTHER = "other", "Other"


class MenuItemKind(models.TextChoices):
    CATEGORY = "category", "Category"
    COLLECTION = "collection", "Collection"
    PAGE = "page", "Page or link"


class Sort(models.TextChoices):
    NEWEST = "newest", "Newest"
    NAME = "name", "Name"
    PRICE = "price", "Price, low to high"
    PRICE_DESC = "-price", "Price, high to low"


class Availability(models.TextChoices):
    IN_STOCK = "in_stock", "In stock"
    MADE_TO_ORDER = "made_to_order", "Made to order"
