"""Kernel tables in the admin: inspectable, never edited by hand.

The only write is the "retry now" action, which calls `outbox.retry_now()`.
"""

from django.contrib import admin, messages

from atelier.core import outbox
from atelier.core.errors import Conflict
from atelier.core.models import DocumentSequence, OutboxMessage, StatusChange


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and detail pages only: no add, change or delete, whoever asks."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = (
        "id", "channel", "status", "attempts", "next_attempt_at", "sent_at", "idempotency_key",
    )  # fmt: skip
    list_filter = ("status", "channel", "created_at")
    search_fields = ("idempotency_key", "last_error")
    date_hierarchy = "created_at"
    actions = ["retry_now"]

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm("core.change_outboxmessage")

    @admin.action(description="Retry now", permissions=["retry"])
    def retry_now(self, request, queryset):
        actor = getattr(request, "actor", None)
        retried = skipped = 0
        for message in queryset:
            try:
                outbox.retry_now(message=message, actor=actor)
                retried += 1
            except Conflict:
                skipped += 1
        self.message_user(
            request,
            f"Queued again: {retried}. Skipped (sent or sending): {skipped}.",
            messages.SUCCESS if not skipped else messages.WARNING,
        )


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("at", "content_type", "object_id", "from_status", "to_status", "actor_label")
    list_filter = ("content_type", "to_status", "at")
    search_fields = ("object_id", "actor_label", "reason")
    date_hierarchy = "at"
    list_select_related = ("content_type",)


@admin.register(DocumentSequence)
class DocumentSequenceAdmin(ReadOnlyAdmin):
    list_display = ("prefix", "year", "last_value")
    list_filter = ("prefix", "year")
    search_fields = ("prefix",)
    ordering = ("prefix", "-year")
