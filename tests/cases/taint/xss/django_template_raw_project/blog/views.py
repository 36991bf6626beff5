"""Blog views: request data and stored comments rendered through Django templates."""

from django.shortcuts import render
from django.template.loader import render_to_string
from django.http import HttpResponse

from .models import Comment

PREVIEW_TEMPLATE = "blog/preview.html"


def preview(request):
    text = request.POST.get("text", "")
    signature = request.POST.get("signature", "")
    context = {"text": text, "signature": signature, "heading": "Preview"}
    return render(request, PREVIEW_TEMPLATE, context)


def comments(request):
    rows = Comment.objects.filter(author=request.GET.get("author", ""))
    return render(request, "blog/comments.html", {"comments": rows})


def notice(request):
    html = render_to_string("blog/notice.html", {"message": request.GET.get("m", "")})
    return HttpResponse(html)
