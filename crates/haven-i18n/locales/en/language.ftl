language-label = Language
# $name: the system's language, named in itself (English, Español, العربية).
language-system = As on this device ({ $name })
