from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "地域資源"

    def ready(self) -> None:
        # The receivers import models, which are loaded only once the registry is ready.
        from . import receivers
        from .portal import signals

        receivers.connect()
        signals.connect()
