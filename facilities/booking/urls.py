from django.urls import path

from . import views

app_name = "bookings"
urlpatterns = [
    path("", views.my_bookings, name="mine"),
    path("feed/reset/", views.reset_feed, name="reset_feed"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("<str:code>/", views.booking_detail, name="detail"),
    path("<str:code>/cancel/", views.cancel, name="cancel"),
]
