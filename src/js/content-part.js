// The JS face's vision parts (mod.rs beside it imports this by
// `#[wasm_bindgen(module)]`): an object literal with a computed key, which
// costs the wasm more to build field by field.

/**
 * `{ type, [type]: { url } }`: a content part as the chat API takes it, its
 * `type` naming the field that holds its URL.
 * @param {string} type
 * @param {string} url
 */
export const contentPart = (type, url) => ({ type, [type]: { url } });
