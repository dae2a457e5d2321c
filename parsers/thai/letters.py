"""The Thai letters, digits and glyphs the normalisation and the repairs reason about, by role."""

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"

# Bullet glyphs copied from Word/HTML exports.
BULLET_GLYPHS: tuple[str, ...] = (
    "➤", "➢", ">>", "»", "•", "●", "○", "▪", "■", "◆", "✓", "·",
    "\uf0b7", "\uf0d8", "\uf0fc", "\uf076",  # Symbol/Wingdings bullets from Word exports (PUA)
)


# Thai combining marks: above/below vowels, tone marks, THANTHAKHAT, NIKHAHIT, YAMAKKAN.
MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
CONSONANTS = "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรฤลฦวศษสหฬอฮ"
SARA_AA, SARA_AM, NIKHAHIT = "\u0e32", "\u0e33", "\u0e4d"
# Where a mark sits in a cluster: vowels first, then tone marks, then THANTHAKHAT/NIKHAHIT/YAMAKKAN.
MARK_ORDER = {**dict.fromkeys("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47", 0),
              **dict.fromkeys("\u0e48\u0e49\u0e4a\u0e4b", 1), **dict.fromkeys("\u0e4c\u0e4d\u0e4e", 2)}
