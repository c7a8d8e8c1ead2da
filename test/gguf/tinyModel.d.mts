export declare const TINY_MODEL_CONTEXT: number;
export declare function tinyModelBytes(options?: { omit?: string[]; stops?: boolean }): Buffer;
export declare function writeTinyModel(file: string, options?: { omit?: string[]; stops?: boolean }): string;
