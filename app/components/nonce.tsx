import { createContext, useContext } from "react";

/** The CSP nonce of this response, for the inline scripts React Router writes. */
export const NonceContext = createContext<string | undefined>(undefined);
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
