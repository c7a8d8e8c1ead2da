// A short list of small instruction models that run on an ordinary laptop, offered by Select Model.
// Sizes are of the Q4_K_M files, as shown before a download (the progress uses the host's own
// length); each is downloaded only on the writer's click.
export interface RecommendedModel {
  id: string;
  name: string;
  /** The file name kept in global storage. */
  file: string;
  url: string;
  bytes: number;
  licence: string;
  languages: string;
}

export const RECOMMENDED_MODELS: readonly RecommendedModel[] = [
  {
    id: 'qwen2.5-1.5b-instruct',
    name: 'Qwen2.5 1.5B Instruct',
    file: 'qwen2.5-1.5b-instruct-q4_k_m.gguf',
    url: 'https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf',
    bytes: 1_117_320_736,
    licence: 'Apache-2.0',
    languages: '中文, English, 日本語, 한국어, Français, Español, Deutsch and 20 more',
  },
  {
    id: 'llama-3.2-3b-instruct',
    name: 'Llama 3.2 3B Instruct',
    file: 'Llama-3.2-3B-Instruct-Q4_K_M.gguf',
    url: 'https://huggingface.co/bartowski/Llama-3.2-3B-Instruct-GGUF/resolve/main/Llama-3.2-3B-Instruct-Q4_K_M.gguf',
    bytes: 2_019_377_696,
    licence: 'Llama 3.2 Community License',
    languages: 'English, Deutsch, Français, Italiano, Português, हिन्दी, Español, ไทย',
  },
  {
    id: 'gemma-2-2b-it',
    name: 'Gemma 2 2B Instruct',
    file: 'gemma-2-2b-it-Q4_K_M.gguf',
    url: 'https://huggingface.co/bartowski/gemma-2-2b-it-GGUF/resolve/main/gemma-2-2b-it-Q4_K_M.gguf',
    bytes: 1_708_582_752,
    licence: 'Gemma Terms of Use',
    languages: 'English',
  },
];
