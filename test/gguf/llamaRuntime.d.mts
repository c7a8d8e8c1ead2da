export declare const runtimeCache: string;
export declare const tarballDir: string;
export declare const installedEntry: string;
export declare function tarballName(name: string, version: string): string;
export declare function ensureLlamaRuntime(log?: (line: string) => void): boolean;
