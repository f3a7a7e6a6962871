from django.urls import path

from . import views
from .booking import views as booking_views

app_name = "facilities"
urlpatterns = [
    path("", views.venue_list, name="list"),
    path("<slug:slug>/", views.venue_detail, name="detail"),
    path("<slug:slug>/book/", booking_views.book, name="book"),
]
