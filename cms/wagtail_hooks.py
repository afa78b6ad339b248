from django.urls import reverse
from wagtail import hooks


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    """「アカウント設定」 in the admin links to the two-factor page (app, recovery codes)."""
    return {
        "url": f"{reverse('account:two_factor')}?next={reverse('wagtailadmin_account')}",
        "label": "二要素認証",
        "help_text": "認証アプリの登録し直しと、回復コードの作り直し。",
    }
