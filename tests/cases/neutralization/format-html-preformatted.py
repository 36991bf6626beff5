"""format_html() fed an already formatted string flagged; placeholders with arguments not."""

from django.utils.html import format_html


def user_badge(user):
    return format_html(f"<span class='badge'>{user.display_name}</span>")  # expect: CWE-79


def user_link(user):
    return format_html("<a href='/u/{}'>{}</a>".format(user.pk, user.display_name))  # expect: CWE-79


def user_badge_safe(user):
    return format_html("<span class='badge'>{}</span>", user.display_name)


def count_badge(count: int):
    return format_html(f"<span class='count'>{int(count)}</span>")
