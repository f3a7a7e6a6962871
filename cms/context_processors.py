from django.conf import settings


def site_shell(request):
    """Elder mode is a cookie, so it survives page loads without an account; the demo banner
    shows on every page while the registry holds demo rows."""
    from django.utils.functional import SimpleLazyObject

    from facilities.models import Facility, School

    user = getattr(request, "user", None)
    return {
        "elder_mode": request.COOKIES.get(settings.ELDER_MODE_COOKIE) == "1",
        "demo_data_present": Facility.objects.filter(is_demo=True).exists(),
        # Asked only on pages whose header shows it (signed-in users).
        "manages_schools": SimpleLazyObject(
            lambda: bool(
                user and user.is_authenticated and School.objects.for_manager(user).exists()
            )
        ),
    }
