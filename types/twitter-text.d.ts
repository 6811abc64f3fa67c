// The part of twitter-text (Twitter's own text library) Herald uses: weighted tweet length.
declare module "twitter-text" {
  export interface ParsedTweet {
    /** The length X counts: URLs 23, emoji and most non-Latin characters 2. */
    weightedLength: number;
    valid: boolean;
    /** weightedLength per thousand of the maximum (280). */
    permillage: number;
    validRangeStart: number;
    validRangeEnd: number;
    displayRangeStart: number;
    displayRangeEnd: number;
  }
  interface TwitterText {
    parseTweet(text: string): ParsedTweet;
  }
  const twitterText: TwitterText;
  export default twitterText;
}
