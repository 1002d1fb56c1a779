// esbuild loads .css as text (the page inlines it into the element's shadow root).
declare module "*.css" {
  const text: string;
  export default text;
}
