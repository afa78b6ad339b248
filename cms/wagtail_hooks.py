from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def admin_widgets_script():
    """Starts the admin widgets Wagtail would start with inline scripts (cms/admin_csp.py).
    defer: it runs once the page is parsed and the widgets' own scripts (form media, after this
    hook's output) have defined the initialisers it calls."""
    return format_html('<script src="{}" defer></script>', static("js/admin-widgets.js"))


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    """「アカウント設定」 in the admin links to the two-factor page (app, recovery codes)."""
    return {
        "url": f"{reverse('account:two_factor')}?next={reverse('wagtailadmin_account')}",
        "label": "二要素認証",
        "help_text": "認証アプリの登録し直しと、回復コードの作り直し。",
    }
