language-label = اللغة
language-system = كما في هذا الجهاز ({ $name })
