"""Factories for the warnings' tests (the shared platform factory comes from tests.factories)."""

import datetime as dt

import factory
from django.utils import timezone

from privacyreq.alerts.models import Watcher
from privacyreq.reference.models import TimelineEvent, TimelineEventKind
from tests.factories import PlatformFactory

TODAY = dt.date(2026, 6, 1)


class WatcherFactory(factory.django.DjangoModelFactory):
    """A confirmed address watching the platforms given as ``platforms=[…]`` (X by default)."""

    class Meta:
        model = Watcher
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"watcher{n}@example.org")
    language = "en"
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def platforms(obj, create, extracted, **kwargs):
        if create:
            obj.platforms.set(extracted if extracted is not None else [PlatformFactory()])


def upcoming_start(*, platform=None, on: dt.date = TODAY + dt.timedelta(days=10)):
    """What an admin records: the platform announced it starts training on ``on``."""
    return TimelineEvent.objects.create(
        platform=platform or PlatformFactory(),
        date=on,
        kind=TimelineEventKind.TRAINING_STARTS,
        summary="X says it will start training Grok on EU users' posts.",
        source_url="https://example.org/announcement",
    )
