"""A blog: articles are public, so showing any article by id is the point; an admin view may touch any record."""
from flask import Flask, abort, render_template
from flask_login import current_user, login_required

from blog.models import Article, Comment, db

app = Flask(__name__)


@app.route("/articles/<int:article_id>")
def article(article_id):
    return render_template("article.html", article=Article.query.get_or_404(article_id))


@app.route("/comments/<int:comment_id>/delete", methods=["POST"])
@login_required
def delete_comment(comment_id):
    comment = Comment.query.get_or_404(comment_id)
    if comment.author_id != current_user.id and not current_user.is_admin:
        abort(403)
    db.session.delete(comment)
    db.session.commit()
    return "deleted"


@app.route("/me/comments/<int:comment_id>")
@login_required
def my_comment(comment_id):
    return render_template("comment.html", comment=current_user.comments.filter_by(id=comment_id).first_or_404())


def helper(comment_id):
    """Not a view: whoever calls it decides who may."""
    return Comment.query.get(comment_id)
