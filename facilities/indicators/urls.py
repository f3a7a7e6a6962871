"""`/indicators/`: included by the project's URLs before Wagtail's catch-all."""

from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<slug:key>/", views.indicator_detail, name="detail"),
    path("<slug:key>/rows.csv", views.rows_csv, name="rows"),
]
