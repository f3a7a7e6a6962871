"""Simple illustrations for demo venues, drawn with Pillow (nothing is downloaded).

Each kind of site has its own motif (a track, a pitch, a court, a pool, a trail, a snowy slope, a
camp, a hall); the seed varies the sky, the mountains, the trees and the colours, so every venue
gets its own picture and the same seed always gives the same bytes.
"""

import io
import random

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 800, 500
HORIZON = 210

SKIES = (
    ((96, 160, 222), (196, 226, 246)),  # clear plateau sky
    ((70, 130, 200), (170, 210, 240)),
    ((245, 170, 110), (252, 226, 180)),  # evening
    ((150, 170, 190), (214, 222, 230)),  # overcast
    ((120, 180, 230), (230, 240, 250)),
)
COURT_COLOURS = ((38, 110, 170), (46, 139, 87), (196, 98, 45), (120, 60, 140), (30, 90, 120))
TENT_COLOURS = ((230, 90, 40), (250, 190, 40), (40, 150, 200), (200, 40, 70), (90, 170, 80))
WHITE = (250, 250, 250)

CAPTIONS = {
    "athletics_track": "红色塑胶跑道环绕绿色草坪的田径场，白色分道线清晰，远处是青山和蓝天",
    "athletics_other": "红色跑道和绿色草坪组成的运动场，周围种着树",
    "pool_indoor": "室内游泳馆，蓝色泳池中拉着彩色分道线，屋顶有一排灯",
    "pool_outdoor": "露天游泳池，蓝色池水和分道线，池边种着树",
    "natural_water": "群山之间的一段河湖水面，水上有一只橙色的小艇",
    "football_11": "深浅相间的绿色草皮足球场，白色边线、中圈和两个球门",
    "football_7": "七人制足球场，绿色草皮、白色边线和球门",
    "football_5": "围网里的五人制足球场，绿色草皮和小球门",
    "basketball_outdoor": "室外篮球场，彩色塑胶地面、白色界线和两个篮架",
    "basketball_3x3": "三人篮球场，彩色地面、三分线和一个篮架",
    "basketball_hall": "室内篮球馆，木地板上画着白色界线，两端有篮架，屋顶有灯",
    "volleyball": "室外排球场，中间挂着白色球网",
    "tennis": "硬地网球场，白色界线和中间的球网",
    "table_tennis": "室内乒乓球室，木地板上摆着几张绿色球台",
    "badminton": "室内羽毛球馆，绿色场地和白色球网",
    "ice_snow": "白雪覆盖的高山草甸和雪道，山坡上有松树",
    "fitness_path": "小广场上的全民健身路径，几件彩色健身器材，周围有树",
    "gym": "健身房所在的楼房外观，大玻璃窗和招牌条",
    "fitness_trail": "蜿蜒穿过青山和树林的健身步道",
    "fitness_centre": "全民健身中心的楼房外观，玻璃幕墙和门前广场",
    "multi_purpose_hall": "室内综合训练馆，木地板上有多种场地界线，屋顶有灯",
    "physique_test_centre": "体质测试中心的楼房外观，门前有绿植",
    "outdoor_camp": "山间草地上的营地，几顶彩色帐篷，远处是群山",
    "other": "绿树环绕的一块运动场地",
}


def caption_for(kind, name):
    """A short description of the drawing for people who cannot see it (max 200 chars)."""
    text = CAPTIONS.get(kind, CAPTIONS["other"])
    return f"{name}示意插画（演示图片）：{text}。"[:200]


def _mix(a, b, t):
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))


def _jitter(colour, rng, amount=18):
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in colour)


class _Scene:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.img = Image.new("RGB", (WIDTH, HEIGHT))
        self.draw = ImageDraw.Draw(self.img)

    # --- backgrounds -------------------------------------------------------------------------
    def sky(self, horizon=HORIZON):
        top, bottom = self.rng.choice(SKIES)
        for y in range(horizon):
            self.draw.line([(0, y), (WIDTH, y)], fill=_mix(top, bottom, y / horizon))
        if self.rng.random() < 0.6:
            x, y, r = self.rng.randint(60, 740), self.rng.randint(30, 90), self.rng.randint(18, 30)
            self.draw.ellipse([x - r, y - r, x + r, y + r], fill=(255, 236, 170))
        for _ in range(self.rng.randint(1, 4)):
            x, y = self.rng.randint(0, WIDTH), self.rng.randint(20, horizon - 80)
            for dx, dy, r in ((0, 0, 22), (24, -8, 26), (52, 0, 20)):
                self.draw.ellipse([x + dx - r, y + dy - r, x + dx + r, y + dy + r], fill=WHITE)

    def mountains(self, horizon=HORIZON, colour=None, snow=False, layers=2):
        base = colour or (88, 130, 96)
        for layer in range(layers):
            shade = _mix(base, (170, 190, 200), 0.45 * (layers - 1 - layer) / max(layers - 1, 1))
            points = [(0, horizon)]
            x = 0
            while x < WIDTH:
                x += self.rng.randint(70, 160)
                peak = horizon - self.rng.randint(40, 120) + layer * 25
                points.append((x, peak))
            points.append((WIDTH, horizon))
            self.draw.polygon(points, fill=shade)
            if snow:  # snow caps go on top of the ridge drawn above
                for px, py in points[1:-1]:
                    self.draw.polygon(
                        [(px - 20, py + 18), (px, py), (px + 20, py + 18)], fill=WHITE
                    )

    def ground(self, colour=(104, 168, 84), horizon=HORIZON):
        colour = _jitter(colour, self.rng, 12)
        self.draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=colour)

    def trees(self, count, y_range=(HORIZON - 5, HORIZON + 30), size=(14, 26), pine=False):
        for _ in range(count):
            x = self.rng.randint(0, WIDTH)
            y = self.rng.randint(*y_range)
            r = self.rng.randint(*size)
            self.draw.rectangle([x - 2, y, x + 2, y + r], fill=(100, 70, 40))
            green = _jitter((48, 110, 58), self.rng, 20)
            if pine:
                self.draw.polygon(
                    [(x - r * 0.7, y + r * 0.4), (x, y - r * 1.4), (x + r * 0.7, y + r * 0.4)],
                    fill=green,
                )
            else:
                self.draw.ellipse([x - r, y - r * 1.6, x + r, y + r * 0.2], fill=green)

    # --- perspective helpers -----------------------------------------------------------------
    def plane(self, top=HORIZON + 30, bottom=HEIGHT - 20, top_w=420, bottom_w=760):
        """Map (u, v) in [0, 1]² onto a trapezoid seen from a stand."""
        cx = WIDTH / 2 + self.rng.randint(-30, 30)

        def to_xy(u, v):
            w = top_w + (bottom_w - top_w) * v
            return (cx - w / 2 + u * w, top + (bottom - top) * v)

        return to_xy

    def quad(self, p, u0, v0, u1, v1, **kw):
        self.draw.polygon([p(u0, v0), p(u1, v0), p(u1, v1), p(u0, v1)], **kw)

    def line(self, p, pts, width=3, fill=WHITE):
        self.draw.line([p(u, v) for u, v in pts], fill=fill, width=width)

    def ring(self, p, cx, cy, rx, ry, steps=48, **kw):
        import math

        pts = [
            p(
                cx + rx * math.cos(2 * math.pi * i / steps),
                cy + ry * math.sin(2 * math.pi * i / steps),
            )
            for i in range(steps + 1)
        ]
        self.draw.line(pts, **kw)

    def stadium(self, p, inset, fill):
        """A 400 m track shape: two straights and two bends, in plane coordinates."""
        import math

        pts = []
        r = 0.5 - inset
        for i in range(25):  # left bend
            a = math.pi / 2 + math.pi * i / 24
            pts.append(p(0.28 + r * 0.55 * math.cos(a), 0.5 + r * math.sin(a)))
        for i in range(25):  # right bend
            a = -math.pi / 2 + math.pi * i / 24
            pts.append(p(0.72 + r * 0.55 * math.cos(a), 0.5 + r * math.sin(a)))
        self.draw.polygon(pts, fill=fill)
        return pts

    def net(self, p, v=0.5, height=18):
        a, b = p(-0.03, v), p(1.03, v)
        self.draw.line([a, (a[0], a[1] - height)], fill=(60, 60, 60), width=3)
        self.draw.line([b, (b[0], b[1] - height)], fill=(60, 60, 60), width=3)
        self.draw.line([(a[0], a[1] - height), (b[0], b[1] - height)], fill=WHITE, width=3)
        for i in range(1, 4):
            y = height * i / 4
            self.draw.line([(a[0], a[1] - y), (b[0], b[1] - y)], fill=(220, 220, 220), width=1)

    def hoop(self, xy, height=70):
        x, y = xy
        self.draw.line([(x, y), (x, y - height)], fill=(80, 80, 80), width=4)
        self.draw.rectangle(
            [x - 16, y - height - 22, x + 16, y - height], fill=WHITE, outline=(60, 60, 60)
        )
        self.draw.ellipse(
            [x - 7, y - height - 4, x + 7, y - height + 4], outline=(230, 100, 30), width=2
        )

    def indoor(self, floor=(205, 160, 105)):
        """A hall seen from the stands: wall, ceiling lights and a floor plane."""
        wall = _jitter((200, 205, 212), self.rng)
        self.draw.rectangle([0, 0, WIDTH, HEIGHT], fill=wall)
        self.draw.rectangle([0, 0, WIDTH, 70], fill=_mix(wall, (90, 100, 110), 0.5))
        for x in range(60, WIDTH, 110):
            self.draw.ellipse([x - 16, 34, x + 16, 52], fill=(255, 250, 220))
        for x in range(40, WIDTH, 90):
            self.draw.rectangle([x, 100, x + 50, 150], fill=(170, 200, 225))
        self.draw.rectangle([0, 190, WIDTH, HEIGHT], fill=_jitter(floor, self.rng, 10))
        return self.plane(top=215, bottom=HEIGHT - 15, top_w=520, bottom_w=820)

    def building(self, arched=False, glass=True):
        wall = _jitter(
            self.rng.choice(((225, 225, 215), (215, 200, 180), (190, 205, 220))), self.rng
        )
        x0 = self.rng.randint(90, 190)
        x1 = WIDTH - self.rng.randint(90, 190)
        top = HORIZON - self.rng.randint(60, 110)
        base = HORIZON + 90
        self.draw.rectangle([x0, top, x1, base], fill=wall, outline=(120, 120, 120))
        if arched:
            self.draw.chord(
                [x0, top - 70, x1, top + 70], 180, 360, fill=_jitter((150, 160, 170), self.rng)
            )
        window = (120, 170, 210) if glass else (90, 110, 130)
        rows = max(2, (base - top - 30) // 40)
        for r in range(rows):
            y = top + 20 + r * 40
            for x in range(x0 + 20, x1 - 40, 52):
                self.draw.rectangle([x, y, x + 34, y + 24], fill=window)
        door = (x0 + x1) // 2
        self.draw.rectangle([door - 30, base - 46, door + 30, base], fill=(70, 90, 110))
        self.draw.rectangle(
            [x0 + 30, top + 6, x1 - 30, top + 16], fill=_jitter((200, 60, 50), self.rng)
        )
        self.draw.polygon(
            [(0, base), (WIDTH, base), (WIDTH, HEIGHT), (0, HEIGHT)], fill=(190, 190, 185)
        )

    def people(self, count, area=(80, 720, 320, 470)):
        for _ in range(count):
            x, y = self.rng.randint(area[0], area[1]), self.rng.randint(area[2], area[3])
            colour = self.rng.choice(TENT_COLOURS)
            self.draw.ellipse([x - 4, y - 24, x + 4, y - 16], fill=(60, 40, 30))
            self.draw.line([(x, y - 16), (x, y - 4)], fill=colour, width=5)
            self.draw.line([(x, y - 4), (x - 4, y + 6)], fill=(40, 40, 60), width=3)
            self.draw.line([(x, y - 4), (x + 4, y + 6)], fill=(40, 40, 60), width=3)

    def jpeg(self):
        buf = io.BytesIO()
        self.img.save(buf, format="JPEG", quality=80, optimize=True)
        return buf.getvalue()


# --- motifs ------------------------------------------------------------------------------------


def _outdoor(s, trees=6):
    s.sky()
    s.mountains()
    s.ground()
    s.trees(s.rng.randint(max(trees - 3, 0), trees + 3))


def _track(s, kind):
    _outdoor(s)
    p = s.plane()
    red = _jitter((190, 70, 55), s.rng, 15)
    s.stadium(p, 0.0, red)
    s.stadium(p, 0.16, _jitter((80, 150, 70), s.rng, 10))
    for k in range(1, 4 if kind == "athletics_other" else 8):
        s.ring(p, 0.5, 0.5, 0.45 - k * 0.02, 0.5 - k * 0.02, fill=WHITE, width=1)
    if kind == "athletics_track":
        s.line(p, [(0.28, 0.18), (0.72, 0.18), (0.72, 0.82), (0.28, 0.82), (0.28, 0.18)], width=2)
        s.line(p, [(0.5, 0.18), (0.5, 0.82)], width=2)
    s.people(s.rng.randint(2, 7))


def _pitch(s, kind):
    _outdoor(s)
    p = s.plane()
    green = _jitter((70, 150, 70), s.rng, 10)
    stripes = 10
    for i in range(stripes):
        colour = green if i % 2 else _mix(green, (255, 255, 255), 0.12)
        s.quad(p, 0, i / stripes, 1, (i + 1) / stripes, fill=colour)
    s.line(p, [(0.02, 0.04), (0.98, 0.04), (0.98, 0.96), (0.02, 0.96), (0.02, 0.04)])
    s.line(p, [(0.02, 0.5), (0.98, 0.5)])
    s.ring(p, 0.5, 0.5, 0.12, 0.12, fill=WHITE, width=3)
    for v0, v1 in ((0.04, 0.18), (0.82, 0.96)):
        s.line(p, [(0.3, v0), (0.3, v1), (0.7, v1), (0.7, v0)])
    for v in (0.04, 0.96):
        a, b = p(0.42, v), p(0.58, v)
        h = 22 if v < 0.5 else 40
        s.draw.line([a, (a[0], a[1] - h), (b[0], b[1] - h), b], fill=WHITE, width=4)
    if kind == "football_5":
        for u in range(0, 11):
            x, y = p(u / 10, 0)
            s.draw.line([(x, y), (x, y - 60)], fill=(90, 90, 90), width=2)
    s.people(s.rng.randint(4, 10))


def _court(s, kind):
    _outdoor(s)
    p = s.plane(top=HORIZON + 50, top_w=360, bottom_w=700)
    colour = _jitter(s.rng.choice(COURT_COLOURS), s.rng, 10)
    s.quad(p, -0.06, -0.06, 1.06, 1.06, fill=_mix(colour, (255, 255, 255), 0.25))
    s.quad(p, 0, 0, 1, 1, fill=colour)
    s.line(p, [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)])
    if kind.startswith("basketball"):
        s.line(p, [(0, 0.5), (1, 0.5)])
        s.ring(p, 0.5, 0.5, 0.12, 0.08, fill=WHITE, width=3)
        s.line(p, [(0.36, 0), (0.36, 0.2), (0.64, 0.2), (0.64, 0)])
        s.hoop(p(0.5, 0.0), 60)
        if kind != "basketball_3x3":
            s.line(p, [(0.36, 1), (0.36, 0.8), (0.64, 0.8), (0.64, 1)])
            s.hoop(p(0.5, 1.0), 90)
    else:
        if kind == "tennis":
            s.line(p, [(0.12, 0), (0.12, 1)])
            s.line(p, [(0.88, 0), (0.88, 1)])
            s.line(p, [(0.12, 0.27), (0.88, 0.27)])
            s.line(p, [(0.12, 0.73), (0.88, 0.73)])
            s.line(p, [(0.5, 0.27), (0.5, 0.73)])
        else:
            s.line(p, [(0, 0.33), (1, 0.33)])
            s.line(p, [(0, 0.67), (1, 0.67)])
        s.net(p, 0.5, 22 if kind == "tennis" else 40)
    s.people(s.rng.randint(2, 8))


def _pool(s, kind):
    if kind == "pool_indoor":
        p = s.indoor(floor=(210, 215, 220))
    else:
        _outdoor(s)
        p = s.plane()
        s.quad(p, -0.05, -0.05, 1.05, 1.05, fill=(225, 225, 220))
    s.quad(p, 0, 0, 1, 1, fill=_jitter((40, 150, 210), s.rng, 12))
    lanes = s.rng.choice((6, 8))
    for i in range(1, lanes):
        colour = (230, 60, 60) if i % 2 else (250, 210, 60)
        s.line(p, [(i / lanes, 0), (i / lanes, 1)], width=3, fill=colour)


def _water(s, kind):
    s.sky()
    s.mountains(layers=3)
    s.ground((96, 150, 80))
    water = _jitter((60, 130, 170), s.rng, 15)
    top = HORIZON + 10
    pts = [(0, top + 30)]
    for x in range(0, WIDTH + 1, 80):
        pts.append((x, top + s.rng.randint(0, 30)))
    pts += [(WIDTH, HEIGHT), (0, HEIGHT)]
    s.draw.polygon(pts, fill=water)
    for _ in range(14):
        x, y = s.rng.randint(0, WIDTH), s.rng.randint(top + 40, HEIGHT - 10)
        s.draw.line([(x, y), (x + s.rng.randint(20, 60), y)], fill=_mix(water, WHITE, 0.4), width=2)
    x, y = s.rng.randint(200, 600), s.rng.randint(330, 430)
    s.draw.ellipse([x - 60, y - 14, x + 60, y + 14], fill=(240, 120, 30), outline=(150, 60, 10))
    s.trees(5, y_range=(HORIZON - 10, HORIZON + 20))


def _snow(s, kind):
    s.sky()
    s.mountains(colour=(120, 140, 160), snow=True, layers=2)
    s.draw.rectangle([0, HORIZON, WIDTH, HEIGHT], fill=(240, 244, 250))
    for _ in range(3):
        x0 = s.rng.randint(100, 700)
        pts = [(x0, HORIZON)]
        for y in range(HORIZON + 40, HEIGHT + 40, 40):
            pts.append((x0 + s.rng.randint(-90, 90), y))
        s.draw.line(pts, fill=(200, 212, 228), width=14)
    s.trees(s.rng.randint(8, 14), y_range=(HORIZON, HEIGHT - 40), size=(16, 30), pine=True)
    s.people(s.rng.randint(3, 6), area=(100, 700, 280, 470))


def _fitness_path(s, kind):
    _outdoor(s, trees=8)
    p = s.plane(top=HORIZON + 60, top_w=500, bottom_w=780)
    s.quad(p, 0, 0, 1, 1, fill=_jitter((200, 170, 140), s.rng, 10))
    for _ in range(s.rng.randint(4, 7)):
        u, v = s.rng.uniform(0.1, 0.9), s.rng.uniform(0.2, 0.9)
        x, y = p(u, v)
        colour = s.rng.choice(((240, 180, 30), (30, 130, 210), (220, 60, 50), (60, 170, 90)))
        h = s.rng.randint(40, 70)
        w = s.rng.randint(30, 60)
        s.draw.line([(x, y), (x, y - h)], fill=colour, width=6)
        s.draw.line([(x + w, y), (x + w, y - h)], fill=colour, width=6)
        s.draw.line([(x, y - h), (x + w, y - h)], fill=colour, width=6)
        if s.rng.random() < 0.5:
            s.draw.ellipse(
                [x + w / 2 - 10, y - h / 2 - 10, x + w / 2 + 10, y - h / 2 + 10],
                outline=colour,
                width=4,
            )
    s.people(s.rng.randint(2, 6), area=(100, 700, 330, 470))


def _trail(s, kind):
    s.sky()
    s.mountains(layers=3)
    s.ground((96, 156, 78))
    x = s.rng.randint(300, 500)
    pts = []
    for i, y in enumerate(range(HORIZON + 10, HEIGHT + 30, 30)):
        x += s.rng.randint(-70, 70)
        pts.append((x, y, 4 + i * 6))
    for (x0, y0, w0), (x1, y1, w1) in zip(pts, pts[1:], strict=False):
        s.draw.polygon(
            [(x0 - w0, y0), (x0 + w0, y0), (x1 + w1, y1), (x1 - w1, y1)],
            fill=(214, 120, 80) if s.rng.random() < 0.5 else (200, 180, 150),
        )
    s.trees(s.rng.randint(10, 18), y_range=(HORIZON, HEIGHT - 30), size=(14, 34))
    s.people(s.rng.randint(1, 4), area=(250, 550, 330, 460))


def _camp(s, kind):
    s.sky()
    s.mountains(layers=3)
    s.ground((120, 170, 80))
    for _ in range(s.rng.randint(3, 7)):
        x, y = s.rng.randint(80, 720), s.rng.randint(HORIZON + 60, HEIGHT - 40)
        w = 30 + (y - HORIZON) // 6
        colour = s.rng.choice(TENT_COLOURS)
        s.draw.polygon([(x - w, y), (x, y - w), (x + w, y)], fill=colour)
        s.draw.polygon([(x - w // 4, y), (x, y - w // 2), (x + w // 4, y)], fill=(60, 40, 30))
    s.trees(s.rng.randint(3, 8), pine=True)
    s.people(s.rng.randint(2, 5))


def _hall(s, kind):
    floor = (200, 150, 95) if kind != "badminton" else (70, 140, 90)
    p = s.indoor(floor=floor)
    if kind == "table_tennis":
        for i in range(s.rng.randint(3, 5)):
            u = 0.1 + i * 0.2
            s.quad(p, u, 0.35, u + 0.12, 0.65, fill=(30, 110, 80), outline=WHITE)
            a, b = p(u, 0.5), p(u + 0.12, 0.5)
            s.draw.line([a, b], fill=(30, 30, 30), width=4)
        return
    if kind == "badminton":
        for u0 in (0.02, 0.52):
            s.quad(p, u0, 0.1, u0 + 0.46, 0.9, fill=(46, 130, 80))
            s.line(p, [(u0, 0.1), (u0 + 0.46, 0.1), (u0 + 0.46, 0.9), (u0, 0.9), (u0, 0.1)])
        s.net(p, 0.5, 36)
        return
    s.line(p, [(0.05, 0.05), (0.95, 0.05), (0.95, 0.95), (0.05, 0.95), (0.05, 0.05)])
    s.line(p, [(0.05, 0.5), (0.95, 0.5)])
    s.ring(p, 0.5, 0.5, 0.1, 0.08, fill=WHITE, width=3)
    if kind == "multi_purpose_hall":
        s.line(
            p,
            [(0.15, 0.2), (0.85, 0.2), (0.85, 0.8), (0.15, 0.8), (0.15, 0.2)],
            fill=(250, 210, 60),
        )
    s.hoop(p(0.5, 0.05), 60)
    s.hoop(p(0.5, 0.95), 110)
    s.people(s.rng.randint(3, 8), area=(150, 650, 260, 470))


def _building(s, kind):
    s.sky()
    s.mountains()
    s.ground((110, 165, 90))
    s.building(arched=kind in ("fitness_centre", "multi_purpose_hall"), glass=kind != "gym")
    s.trees(s.rng.randint(3, 6), y_range=(HORIZON + 60, HORIZON + 90))
    s.people(s.rng.randint(1, 4), area=(120, 680, 380, 470))


MOTIFS = {
    "athletics_track": _track,
    "athletics_other": _track,
    "pool_indoor": _pool,
    "pool_outdoor": _pool,
    "natural_water": _water,
    "football_11": _pitch,
    "football_7": _pitch,
    "football_5": _pitch,
    "basketball_outdoor": _court,
    "basketball_3x3": _court,
    "basketball_hall": _hall,
    "volleyball": _court,
    "tennis": _court,
    "table_tennis": _hall,
    "badminton": _hall,
    "ice_snow": _snow,
    "fitness_path": _fitness_path,
    "gym": _building,
    "fitness_trail": _trail,
    "fitness_centre": _building,
    "multi_purpose_hall": _hall,
    "physique_test_centre": _building,
    "outdoor_camp": _camp,
    "other": _fitness_path,
}


def draw_picture(kind, seed):
    """JPEG bytes (800×500) of the motif for `kind`, varied by the integer `seed`."""
    scene = _Scene(seed)
    MOTIFS.get(kind, _fitness_path)(scene, kind)
    return scene.jpeg()
