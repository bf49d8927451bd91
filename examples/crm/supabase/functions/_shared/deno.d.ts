// The Deno globals the edge functions use, so the example typechecks with plain tsc.
declare const Deno: {
  serve(handler: (request: Request) => Response | Promise<Response>): void;
  env: { get(name: string): string | undefined };
};
