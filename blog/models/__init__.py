"""The blog's models, one module per concern; Django finds them through this package."""

from blog.models.article import ArticlePage, ArticlePageTag, ArticleQuerySet
from blog.models.changes import ContentChange
from blog.models.comment_policy import CommentPolicy
from blog.models.comments import CommentReport, ReaderComment
from blog.models.compliance import ComplianceException, ComplianceRule
from blog.models.consent import ConsentRecord
from blog.models.form_tokens import FormTokenUse
from blog.models.imports import ImportedObject, WordPressImport
from blog.models.pages import ArticleIndexPage, HomePage
from blog.models.patient_photos import PatientPhoto, PublishRefused
from blog.models.search import (
    SearchDocument,
    SearchPosting,
    SearchQueryDay,
    SearchTerm,
    SynonymGroup,
)
from blog.models.snippets import Author, Treatment
from blog.models.stored import StoredArticle
from blog.models.webhooks import WebhookDelivery, WebhookEndpoint

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTag",
    "ArticleQuerySet",
    "Author",
    "CommentPolicy",
    "CommentReport",
    "ComplianceException",
    "ComplianceRule",
    "ConsentRecord",
    "ContentChange",
    "FormTokenUse",
    "HomePage",
    "ImportedObject",
    "PatientPhoto",
    "PublishRefused",
    "ReaderComment",
    "SearchDocument",
    "SearchPosting",
    "SearchQueryDay",
    "SearchTerm",
    "StoredArticle",
    "SynonymGroup",
    "Treatment",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WordPressImport",
]
