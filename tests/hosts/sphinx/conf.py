# The Sphinx (Furo) recipe of docs/embedding.md, built by scripts/test-hosts.sh (which copies
# the element's files into _static/risk-map/ first).
project = "Risk map host test"
html_theme = "furo"
html_static_path = ["_static"]
html_js_files = [("risk-map/ai-risk-map.js", {"type": "module"})]
html_css_files = ["risk-map.css"]
