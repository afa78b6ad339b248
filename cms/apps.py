from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "サイト"

    def ready(self):
        from . import admin_csp

        admin_csp.install()
