/** The wallet the tests play: local/wallet.ts (the demo plays it too). */
export * from '../../local/wallet';
