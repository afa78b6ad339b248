from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "サイト"

    def ready(self):
        # admin_csp imports Wagtail's admin widgets, which import models: only once they are loaded.
        from . import admin_csp

        admin_csp.install()
