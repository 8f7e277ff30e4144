# clothing-store-january.sed: the clothing store three months on, for the
# cjm-diff example in README.md (sed -f this examples/clothing-store.yaml).
45s/emotion: 3.5/emotion: 4/
46,49d
54s/value: 6.1/value: 2.2/
94s/emotion: 2.5/emotion: 2/
135s/emotion: 1.5/emotion: 3/
137,139d
147s/value: 52/value: 71/
165s/emotion: 4.5/emotion: 3.5/
165a\    pain_points:\n      - {text: The locker code arrived a day late, severity: high}
