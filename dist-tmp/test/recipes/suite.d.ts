export interface RecipeServer {
    connectString: string;
    stop(): Promise<void>;
}
export declare function defineRecipeSuite(name: string, start: () => Promise<RecipeServer>): void;
