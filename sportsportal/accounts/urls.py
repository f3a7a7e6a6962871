from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("send-code/", views.send_code, name="send_code"),
    path("login/", views.PortalLoginView.as_view(), name="login"),
    path("logout/", views.PortalLogoutView.as_view(), name="logout"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("privacy/", views.privacy, name="privacy"),
    path("me/", views.me, name="me"),
    path("me/export.json", views.export, name="export"),
    path("me/delete/", views.delete, name="delete"),
]
