/**
 * The sign-in pages' one stylesheet, served as a file at `signInStylesheetPath` (the pages' CSP
 * allows no inline style). The tokens are the web console's: system font, #f4f6f9 background,
 * white cards with a 1px #d8dee6 border and 8px corners, #1f2933 text, #5b6673 muted, #0b5cad
 * primary, #b42318 error, #1a7f37 success, a 2px primary focus ring. Mobile first: one column
 * that never outgrows a 320 px screen, 48 px tap targets, 16 px inputs (no zoom on focus).
 */
export const signInStylesheetPath = '/signin/sign-in.css';

export const signInStylesheet = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;min-height:100vh;background:#f4f6f9;color:#1f2933;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:28rem;margin:0 auto;padding:1.5rem 1rem 3rem}
.brand{margin:0 0 1rem;color:#5b6673;font-size:.875rem;font-weight:600;letter-spacing:.02em}
.card{background:#fff;border:1px solid #d8dee6;border-radius:8px;padding:1.5rem 1.25rem}
h1{margin:0 0 1rem;font-size:1.5rem;line-height:1.25;font-weight:600}
p{margin:0 0 1rem}
h1,p,label,button,a{overflow-wrap:anywhere}
.muted{color:#5b6673}
.product{font-size:1.125rem;font-weight:700}
.user{font-weight:600}
label{display:block;margin:0 0 .375rem;font-weight:600}
input{display:block;width:100%;min-height:48px;margin:0 0 1rem;padding:.625rem .75rem;border:1px solid #d8dee6;border-radius:8px;background:#fff;color:#1f2933;font:inherit;font-size:1rem}
input[name=code]{font-family:ui-monospace,"SF Mono",Menlo,Consolas,monospace;letter-spacing:.12em;text-transform:uppercase}
button{display:block;width:100%;min-height:48px;margin:0 0 .75rem;padding:.75rem 1rem;border:1px solid #0b5cad;border-radius:8px;background:#0b5cad;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button.secondary{background:#fff;color:#0b5cad}
button.account{background:#fff;color:#1f2933;border-color:#d8dee6;text-align:left}
input:focus-visible,button:focus-visible,a:focus-visible{outline:2px solid #0b5cad;outline-offset:2px}
input[aria-invalid=true]{border-color:#b42318}
.error{margin:0 0 1rem;padding:.75rem;border:1px solid #b42318;border-left-width:4px;border-radius:8px;background:#fff;color:#b42318}
.success{color:#1a7f37}
a{color:#0b5cad}
a.button{display:flex;align-items:center;justify-content:center;min-height:48px;padding:.75rem 1rem;border:1px solid #0b5cad;border-radius:8px;font-weight:600;text-decoration:none}
@media (min-width:40rem){main{padding-top:4rem}.card{padding:2rem}}
`;
