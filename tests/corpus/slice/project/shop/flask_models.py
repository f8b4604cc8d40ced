"""Flask-SQLAlchemy models: table names derived from the class names."""
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class UserAccount(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(100), nullable=False)
    posts = db.relationship("BlogPost", backref="author", lazy="dynamic")


class BlogPost(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    author_id = db.Column(db.Integer, db.ForeignKey("user_account.id"))
