from django.urls import path

from . import views

app_name = "manage"
urlpatterns = [
    path("", views.index, name="index"),
    path("school/<int:school_id>/", views.school_detail, name="school"),
    path("school/<int:school_id>/day/", views.school_day, name="day"),
    path("school/<int:school_id>/check-in/", views.school_check_in, name="school_check_in"),
    path(
        "school/<int:school_id>/booking/<int:booking_id>/no-show/",
        views.school_no_show,
        name="no_show",
    ),
    path("check-in/", views.qr_check_in, name="check_in"),
]
