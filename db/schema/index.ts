export * from "./columns";
export * from "./countries";
export * from "./institutions";
export * from "./catalog";
export * from "./users";
export * from "./enrollment";
export * from "./audit";
export * from "./mail";
