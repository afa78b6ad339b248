"""Site-wide models: the user, images and the pages that are not directory listings."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as WagtailImage
from wagtail.models import Page

from directory.models import Kind, Region
from directory.pagecache.public import public_response


class User(AbstractUser):
    """The project's user; custom from the first migration so it can grow without pain."""

    class Meta:
        verbose_name = "ユーザー"
        verbose_name_plural = "ユーザー"


class CustomImage(AbstractImage):
    alt_text = models.CharField(
        "代替テキスト",
        max_length=255,
        blank=True,
        help_text="画像が見えない方のための説明。装飾だけの画像なら空欄にします。",
    )

    admin_form_fields = WagtailImage.admin_form_fields + ("alt_text",)


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class BasePage(Page):
    """A thin base for the site's own pages."""

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        # The same for every anonymous visitor: the page cache may keep it.
        return public_response(super().serve(request, *args, **kwargs))


class HomePage(BasePage):
    """The front page: a keyword box, the regions and areas, and the kinds of place."""

    intro = models.TextField(
        "リード文",
        blank=True,
        help_text="検索ボックスの上に表示する短い案内文。",
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["directory.DirectoryIndexPage", "cms.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = "ホームページ"

    def get_context(self, request, *args, **kwargs):
        # ``directory_page`` comes from the site's context processor.
        context = super().get_context(request, *args, **kwargs)
        context["regions"] = Region.objects.prefetch_related("areas")
        context["kinds"] = Kind.choices
        return context


class StandardPage(BasePage):
    """A plain page of text: about the site, privacy policy, how to use it."""

    body = RichTextField("本文", blank=True, help_text="ページの本文。")

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = "標準ページ"
