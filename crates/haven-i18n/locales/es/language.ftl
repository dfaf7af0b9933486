language-label = Idioma
language-system = Como en este dispositivo ({ $name })
