from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "地域資源"

    def ready(self) -> None:
        # The portal's receivers import models, which are loaded only once the registry is ready.
        from .portal import signals

        signals.connect()
