// The default theme, plus the element's colours and fonts taken from VitePress's own.
import DefaultTheme from "vitepress/theme";
import "./risk-map.css";

export default DefaultTheme;
