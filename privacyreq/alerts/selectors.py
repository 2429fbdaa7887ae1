from privacyreq.alerts.models import Watcher
from privacyreq.reference.models import Platform


def platform_options() -> list[tuple[str, str]]:
    """(slug, service name) of every platform, in the catalogue's order: the checkboxes."""
    rows = Platform.objects.order_by("position", "service_name").values_list("slug", "service_name")
    return list(rows)


def account_watched_slugs(*, user) -> list[str]:
    return list(
        Platform.objects.filter(
            pk__in=Watcher.platforms.through.objects.filter(watcher__user=user).values(
                "platform_id"
            )
        )
        .order_by("position", "service_name")
        .values_list("slug", flat=True)
    )


def account_watch_export(*, user) -> dict | None:
    """The account's warnings for the data export: the platforms, the language, since when."""
    watcher = Watcher.objects.filter(user=user).first()
    if watcher is None:
        return None
    return {
        "platforms": account_watched_slugs(user=user),
        "language": watcher.language,
        "created_at": watcher.created_at,
        "warnings_sent": list(
            watcher.warnings_sent.order_by("sent_at", "id").values(
                "platform__slug", "starts_on", "sent_at"
            )
        ),
    }
