declare module 's3rver' {
  /** The part of s3rver the tests use: an S3-compatible server in this process, storing in a folder. */
  export default class S3rver {
    constructor(options: { port?: number; address?: string; silent?: boolean; directory: string; resetOnClose?: boolean });
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
