from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The search layer: its index models and the receivers that keep the index in step."""

    name = "directory.search"
    label = "directory_search"
    verbose_name = "検索"

    def ready(self) -> None:
        # Receivers import models, which are loaded only once the registry is ready.
        from . import receivers

        receivers.connect()
